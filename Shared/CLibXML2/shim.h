// libxml2's XML and HTML parsers and its tree API, for reading feeds and article pages.
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose headers clash with the ICU inside Foundation. Nothing
// here touches the ICU-dependent fields (of xmlCharEncodingHandler), so leave ICU's headers out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function pointer; Swift 6 cannot call it as a shared mutable variable.
static inline void swapwatch_xml_free(void *pointer) { xmlFree(pointer); }

/// libxml2 prints some errors (of its encoding layer) to standard error whatever the parser's
/// options say; the services report parse errors themselves. Silences this thread's handlers.
static void swapwatch_xml_ignore(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}
static inline void swapwatch_xml_silence(void) {
    xmlSetGenericErrorFunc(NULL, swapwatch_xml_ignore);
}

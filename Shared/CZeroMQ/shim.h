#ifndef SWAPWATCH_CZEROMQ_SHIM_H
#define SWAPWATCH_CZEROMQ_SHIM_H
#include <zmq.h>
#include <sys/eventfd.h>
#endif

extension Pages {
    /// The Mustache templates, by name. `{{x}}` is HTML-escaped; `{{{x}}}` (the page's content and
    /// the server-drawn SVG) is not.
    static let templates: [(String, String)] = [
        ("layout", layout), ("index", index), ("exchange", exchange), ("alerts", alerts), ("alertTable", alertTable), ("problem", problem),
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · SwapWatch</title>
        <link rel="alternate" type="application/atom+xml" title="SwapWatch alerts" href="{{alertsFeed}}">
        <style>
        :root { color-scheme: light dark; --accent: #0b5cad; --muted: #5f6b76; --band-size: #e0a526; --band-date: #3f8fd2; }
        body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 62rem; padding: 0 1rem 3rem; }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; border-bottom: 1px solid #ccc; padding: .75rem 0; }
        header a { color: inherit; } header .brand { font-weight: 700; text-decoration: none; font-size: 1.2rem; }
        nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
        a { color: var(--accent); }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #ddd; }
        blockquote { margin: .25rem 0; padding-left: .75rem; border-left: 3px solid #bbb; }
        .muted, .status-line, .attribution { color: var(--muted); font-size: .9rem; }
        .status { font-weight: 600; } .status.closed { color: var(--muted); } .status.open, .status.under_way { color: #1d7a3a; }
        figure { margin: 1rem 0; } figure svg { width: 100%; height: auto; max-height: 26rem; }
        .panel { fill: none; stroke: #bbb; } .panel-title { font-size: 13px; font-weight: 600; fill: currentColor; }
        .band.size { fill: var(--band-size); fill-opacity: .45; } .band.size.side-1 { fill: #9a5bd6; }
        .band.date { fill: var(--band-date); fill-opacity: .45; } .open-bound { stroke: currentColor; stroke-dasharray: 4 3; }
        .grid { stroke: #ccc; stroke-dasharray: 2 4; } .tick { font-size: 11px; fill: currentColor; } .tick.y { text-anchor: end; } .tick.x { text-anchor: middle; }
        .mark circle { fill: #fff; stroke: #222; stroke-width: 2; } .mark path { fill: #fff; stroke: #b00020; stroke-width: 2.5; }
        .mark-completed path { stroke: #1d7a3a; } .mark:focus circle, .mark:hover circle { stroke-width: 4; }
        tr:target { background: #fff4c2; } tr.new { animation: arrive 3s ease-out; } @keyframes arrive { from { background: #fff4c2; } }
        @media (max-width: 40rem) {
          table.cards thead { position: absolute; left: -9999px; }
          table.cards tr { display: block; border-bottom: 1px solid #ddd; padding: .4rem 0; }
          table.cards td, table.cards th { display: block; border: 0; padding: .1rem 0; }
          table.cards td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
        }
        @media (prefers-color-scheme: dark) { .mark circle, .mark path { fill: #222; stroke: #eee; } tr:target { background: #554a10; } }
        </style>
        </head>
        <body>
        <header>
        <a class="brand" href="/">SwapWatch</a>
        <nav aria-label="Main"><ul><li><a href="/">Exchanges</a></li><li><a href="/alerts">Alerts</a></li><li><a href="{{alertsFeed}}">Atom feed</a></li><li><a href="/api/exchanges">JSON</a></li></ul></nav>
        </header>
        <main>
        {{{content}}}
        </main>
        </body>
        </html>

        """

    static let index = """
        <h1>Prisoner exchanges</h1>
        <p class="muted">What is expected now, per exchange, as the news reports it. Open exchanges come first.</p>
        <div class="table-wrap">
        <table id="exchanges" class="cards">
        <caption>Exchanges and their expected size and date</caption>
        <thead><tr><th scope="col">Exchange</th><th scope="col">Status</th><th scope="col">Expected size</th><th scope="col">Expected date</th><th scope="col">Last changed</th><th scope="col">Reports</th></tr></thead>
        <tbody>
        {{#exchanges}}
        <tr data-exchange="{{id}}"><th scope="row"><a href="{{path}}">{{name}}</a></th><td class="status {{statusClass}}" data-label="Status">{{status}}</td><td data-label="Expected size">{{size}}</td><td data-label="Expected date">{{date}}</td><td data-label="Last changed">{{lastChanged}}</td><td data-label="Reports">{{reports}}</td></tr>
        {{/exchanges}}
        {{^hasExchanges}}<tr><td colspan="6">No exchange reported yet.</td></tr>{{/hasExchanges}}
        </tbody>
        </table>
        </div>
        <h2>Latest alerts</h2>
        {{#alerts}}{{> alertTable}}{{/alerts}}
        <p><a href="/alerts">All alerts</a> · <a href="/alerts.atom">Atom feed of alerts</a></p>

        """

    static let exchange = """
        <h1>{{name}} exchange</h1>
        <dl>
        <dt>Status</dt><dd class="status {{statusClass}}">{{status}}</dd>
        <dt>Expected size</dt><dd id="current-size">{{size}}</dd>
        <dt>Expected date</dt><dd id="current-date">{{date}}</dd>
        <dt>Last changed</dt><dd>{{lastChanged}}</dd>
        </dl>
        <h2>Timeline</h2>
        <figure>
        {{{svg}}}
        <figcaption class="muted">The expected size (top) and date (bottom) over time. Each point is a change; select it to read its report below. A dashed edge is an open bound; a cross, a postponement; a triangle, an exchange carried out.</figcaption>
        </figure>
        <h2>Report by report</h2>
        <div class="table-wrap">
        <table id="history" class="cards">
        <caption>Reports on this exchange, newest first, with what each changed and the quote that says so</caption>
        <thead><tr><th scope="col">Published</th><th scope="col">Source</th><th scope="col">Effect</th><th scope="col">Quote</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr id="{{anchor}}" data-report="{{reportID}}">
        <td data-label="Published">{{published}}</td>
        <td data-label="Source">{{#url}}<a href="{{url}}" rel="noopener">{{outlet}}</a>{{/url}}{{^url}}{{outlet}}{{/url}}{{#title}}<br><span class="muted">{{title}}</span>{{/title}}</td>
        <td data-label="Effect">{{effect}}{{#changes}}<br><strong>{{field}}</strong>: {{before}} → {{after}}{{/changes}}</td>
        <td data-label="Quote">{{#quotes}}<blockquote>{{quote}}</blockquote>{{#attribution}}<span class="attribution">{{attribution}}</span>{{/attribution}}{{/quotes}}</td>
        </tr>
        {{/entries}}
        </tbody>
        </table>
        </div>
        <h2>Alerts on this exchange</h2>
        {{#alerts}}{{> alertTable}}{{/alerts}}
        <p><a href="{{alertsFeed}}">Atom feed of this exchange's alerts</a> · <a href="/api/exchanges/{{id}}/history">JSON</a></p>

        """

    static let alerts = """
        <h1>Latest alerts</h1>
        <p class="muted">Each alert is one change of an exchange's expected size or date, with the quote that proves it. New alerts appear here as they are raised.</p>
        {{#alerts}}{{> alertTable}}{{/alerts}}
        <p><a href="/alerts.atom">Atom feed</a> · <a href="/api/alerts">JSON</a></p>

        """

    /// The alerts table and the script that adds each new alert at its top (Server-Sent Events,
    /// resuming after the newest alert the page was rendered with).
    static let alertTable = """
        <p class="status-line" id="live-status" role="status" aria-live="polite">Live updates need JavaScript; reload for new alerts.</p>
        <div class="table-wrap">
        <table class="alerts cards">
        <caption>Alerts, newest first</caption>
        <thead><tr><th scope="col">#</th><th scope="col">Raised</th><th scope="col">Exchange</th><th scope="col">Change</th><th scope="col">Quote</th><th scope="col">Source</th></tr></thead>
        <tbody id="alert-rows" data-last-seq="{{lastSeq}}" data-exchange="{{exchange}}">
        {{#rows}}
        <tr data-seq="{{seq}}"><td data-label="#">{{seq}}</td><td data-label="Raised">{{raised}}</td><td data-label="Exchange"><a href="{{exchangePath}}">{{exchange}}</a></td><td data-label="Change"><strong>{{field}}</strong>: {{before}} → {{after}}</td><td data-label="Quote"><blockquote>{{quote}}</blockquote>{{#attribution}}<span class="attribution">{{attribution}}</span>{{/attribution}}</td><td data-label="Source">{{#url}}<a href="{{url}}" rel="noopener">{{source}}</a>{{/url}}{{^url}}{{source}}{{/url}}</td></tr>
        {{/rows}}
        </tbody>
        </table>
        </div>
        <script>
        (function () {
          var rows = document.getElementById("alert-rows"), status = document.getElementById("live-status");
          if (!rows || !window.EventSource) return;
          var labels = ["#", "Raised", "Exchange", "Change", "Quote", "Source"], keep = 200;
          function cell(row, text) { var td = row.insertCell(); td.dataset.label = labels[td.cellIndex]; if (text !== undefined) td.textContent = text; return td; }
          // The same wording as the server's (SizeInterval, DateWindow and AlertWording).
          function describe(value) {
            if (!value) return "none";
            if ("earliest" in value || "latest" in value) {
              if (!value.earliest && !value.latest) return "postponed, date unknown";
              if (value.earliest === value.latest) return value.earliest;
              if (!value.latest) return "from " + value.earliest;
              if (!value.earliest) return "by " + value.latest;
              return value.earliest + " to " + value.latest;
            }
            if (value.sides) return Object.keys(value.sides).sort().map(function (k) { return k + ": " + describe(value.sides[k]).replace(" per side", ""); }).join(", ");
            var low = value.min, high = value.max, n = function (x) { return Number(x).toLocaleString("en-US"); };
            if (low != null && low === high) return n(low) + " per side";
            if (low != null && high != null) return n(low) + "–" + n(high) + " per side";
            if (low != null) return "at least " + n(low) + " per side";
            if (high != null) return "up to " + n(high) + " per side";
            return "unknown per side";
          }
          function add(alert) {
            if (rows.querySelector('tr[data-seq="' + alert.seq + '"]')) return;
            var row = rows.insertRow(0);
            row.dataset.seq = alert.seq;
            row.className = "new";
            cell(row, String(alert.seq));
            cell(row, alert.raisedAt.slice(0, 10) + " " + alert.raisedAt.slice(11, 16) + " UTC");
            var link = document.createElement("a");
            link.href = "/exchanges/" + encodeURIComponent(alert.exchange.id) + "#report-" + encodeURIComponent(alert.report.id);
            link.textContent = alert.exchange.parties.join("–") + " " + alert.exchange.kind;
            cell(row).appendChild(link);
            var change = cell(row), strong = document.createElement("strong");
            strong.textContent = alert.field === "size" ? "Size" : "Date";
            change.appendChild(strong);
            change.appendChild(document.createTextNode(": " + describe(alert.before) + " → " + describe(alert.after)));
            var quote = cell(row), block = document.createElement("blockquote");
            block.textContent = alert.evidence.quote;
            quote.appendChild(block);
            var who = [alert.evidence.speaker, alert.evidence.hedged ? "hedged" : null].filter(Boolean).join(", ");
            if (who) { var span = document.createElement("span"); span.className = "attribution"; span.textContent = who; quote.appendChild(span); }
            var from = [alert.report.outlet, alert.report.published && alert.report.published.slice(0, 10)].filter(Boolean).join(", ") || alert.report.id;
            var source = cell(row);
            if (/^https?:[/][/]/i.test(alert.report.url || "")) {
              var article = document.createElement("a");
              article.href = alert.report.url; article.rel = "noopener"; article.textContent = from;
              source.appendChild(article);
            } else {
              source.textContent = from;
            }
            rows.dataset.lastSeq = Math.max(Number(rows.dataset.lastSeq) || 0, alert.seq);
            while (rows.rows.length > keep) rows.deleteRow(-1);
          }
          // The browser reconnects by itself, resuming with Last-Event-ID; a stream the server
          // refused (too many listeners) is opened again a little later, after the newest alert shown.
          function connect() {
            var query = "?after=" + encodeURIComponent(rows.dataset.lastSeq || "0");
            if (rows.dataset.exchange) query += "&exchange=" + encodeURIComponent(rows.dataset.exchange);
            var events = new EventSource("/events" + query);
            events.onopen = function () { status.textContent = "Live: new alerts appear at the top as they are raised."; };
            events.onerror = function () {
              status.textContent = "Connection lost; reconnecting…";
              if (events.readyState === EventSource.CLOSED) setTimeout(connect, 5000 + Math.random() * 5000);
            };
            events.addEventListener("alert", function (event) { add(JSON.parse(event.data)); });
          }
          connect();
        })();
        </script>

        """

    static let problem = """
        <h1>{{heading}}</h1>
        <p>{{message}}</p>
        <p><a href="/">All exchanges</a></p>

        """
}

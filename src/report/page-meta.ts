/** The <meta> lines every HTML page of the reports starts with: UTF-8, the page's CSP ({{csp}}), viewport, no referrer. */
export const PAGE_META = `<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">`;

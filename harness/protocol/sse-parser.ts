/**
 * Server-Sent Events parsing for MCP Streamable HTTP bodies (WHATWG "event stream interpretation",
 * reduced to what MCP uses): `data:` lines of one event are joined with "\n"; lines starting with ":"
 * are comments (keep-alives); an event with empty data (a priming event) is kept but callers skip it.
 */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
  readonly retryMs: number | undefined;
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retryMs: number | undefined;
  let hasFields = false;
  const flush = (): void => {
    if (hasFields) events.push({ event: event || 'message', data: data.join('\n'), id, retryMs });
    data = [];
    event = '';
    id = undefined;
    retryMs = undefined;
    hasFields = false;
  };
  // Lines end with CRLF, CR or LF (the SSE grammar allows each); what follows the last line break is
  // an unterminated line, not part of any complete event. Scanned in place: this runs per response.
  let pos = 0;
  let nextLf = -2;
  let nextCr = -2;
  for (;;) {
    if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    const eol = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
    if (eol === -1) break;
    const line = text.slice(pos, eol);
    pos = text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? eol + 2 : eol + 1;
    if (line === '') {
      flush();
      continue;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        hasFields = true;
        break;
      case 'event':
        event = value;
        hasFields = true;
        break;
      case 'id':
        id = value;
        hasFields = true;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retryMs = Number(value);
        hasFields = true;
        break;
      default:
        break; // unknown fields are ignored by the spec
    }
  }
  // A stream cut mid-event does not dispatch that event (the spec requires the blank line).
  return events;
}

/**
 * A strict-enough XML well-formedness check for tests (no XML parser is a dependency): one root, balanced and
 * properly nested tags, quoted attributes without `<`, and no bare `&` or `<` in text or attributes.
 * Returns the elements as {name, attrs, text} in document order, or throws naming the first problem.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  parent: string | null;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

export function checkXml(xml: string): XmlElement[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const out: XmlElement[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|</g;
  let last = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    checkText(body.slice(last, m.index));
    last = token.lastIndex;
    if (m[0] === '<') throw new Error(`bare < at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    const [, close, name, attrText, self] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}> at ${m.index}`);
      continue;
    }
    if (!stack.length) roots++;
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      checkText(a[2]!);
      attrs[a[1]!] = unescape(a[2]!);
    }
    out.push({ name: name!, attrs, parent: stack[stack.length - 1] ?? null });
    if (!self) stack.push(name!);
  }
  checkText(body.slice(last));
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return out;
}

function checkText(text: string): void {
  const bare = text.replace(ENTITY, '');
  if (/[<&]/.test(bare)) throw new Error(`bare < or & in "${text.slice(0, 40)}"`);
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

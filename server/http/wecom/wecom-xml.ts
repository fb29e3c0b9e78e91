import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError } from '../../domain/errors';
import { staff } from '../../texts/staff.texts';

// WeCom's XML envelopes and messages, read without any entity expansion.

const badXml = () => new DomainError('WECOM_BAD_XML', staff.wecom.badXml, 400);

const xml = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false, // a MsgId is a 64-bit number: keep it a string
  trimValues: false,
  cdataPropName: '#cdata',
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// Only the five predefined entities and character references, in one pass:
// nothing is looked up, nothing expands into more markup.
function decodeText(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
  });
}

const refusedDoctype = () => new DomainError('WECOM_XML_REFUSED', staff.wecom.xmlDoctype, 400);

// The envelope WeCom posts, as it sends it (document/path/90930):
//   <xml><ToUserName><![CDATA[…]]></ToUserName><Encrypt><![CDATA[base64]]></Encrypt><AgentID><![CDATA[…]]></AgentID></xml>
// Only the signed <Encrypt> matters, and the signature covers nothing else,
// so nothing else is parsed: the cipher text is taken out with one strict,
// linear pattern, and the XML parser sees only what decrypts, after the
// signature has been checked. (Parsing a forged 64 KiB envelope first cost
// 20–60 ms of CPU a request.)
const ENVELOPE = /^\s*(?:<\?xml[^<>]{0,200}\?>\s*)?<xml>[\s\S]*<\/xml>\s*$/;
const ENCRYPT = /<Encrypt><!\[CDATA\[([A-Za-z0-9+/]+={0,2})\]\]><\/Encrypt>/g;

export function encryptOfEnvelope(text: string): string {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw refusedDoctype();
  if (!ENVELOPE.test(text)) throw badXml();
  const found = [...text.matchAll(ENCRYPT)];
  // Exactly one <Encrypt>, in the CDATA form: a second one (or a malformed
  // one beside a good one) leaves it unclear which was meant.
  if (found.length !== 1 || text.split('<Encrypt').length !== 2) {
    throw new DomainError('WECOM_BAD_REQUEST', staff.wecom.noEncrypt, 400);
  }
  return found[0]![1]!;
}

// The children of <xml> that hold text, by name. A document type (and so any
// entity declaration) is refused before parsing: no expansion, no external
// entity, whatever the parser would have done.
export function parseWecomXml(text: string, opts: { insideCiphertext?: boolean } = {}): Record<string, string | undefined> {
  // Inside the decrypted message, a chat text may say "<!DOCTYPE" in a CDATA section; that is content, not markup.
  const markup = opts.insideCiphertext ? text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '') : text;
  if (/<!DOCTYPE|<!ENTITY/i.test(markup)) throw refusedDoctype();
  if (XMLValidator.validate(text) !== true) throw badXml();
  let doc: unknown;
  try {
    doc = xml.parse(text);
  } catch {
    throw badXml();
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw badXml();
  const out: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string') out[name] = decodeText(value).trim();
    else if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1) {
      const cdata = (value as Record<string, unknown>)['#cdata'];
      if (typeof cdata === 'string') out[name] = cdata;
      else if (Array.isArray(cdata) && cdata.every((c) => typeof c === 'string')) out[name] = cdata.join('');
    }
  }
  return out;
}

/**
 * Every plan is its own: who issues its consolidated report, under which letterhead, number form,
 * motto and signer, and who signs its emails. A plan states what it knows (the workbook's "Kế hoạch"
 * sheet); the rest is derived from its coordinating agency, that agency's parent and the plan's
 * jurisdiction, and only then from the deployment's defaults (ORGANIZATION_NAME, MAIL_FROM).
 */

export const BODY_KINDS = ['state', 'party'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_WORDS: Record<BodyKind, string> = { state: 'Cơ quan nhà nước', party: 'Tổ chức đảng' };

/** What a plan states about itself; null means "derive it". */
export interface PlanIdentitySettings {
  jurisdiction: string | null;
  bodyKind: BodyKind;
  letterheadParent: string | null;
  numberSymbol: string | null;
  placeName: string | null;
  signerAuthority: string | null;
  signerTitle: string | null;
  signerName: string | null;
  storageLine: string | null;
  senderName: string | null;
  senderEmail: string | null;
}

export const IDENTITY_KEYS = [
  'jurisdiction',
  'bodyKind',
  'letterheadParent',
  'numberSymbol',
  'placeName',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'storageLine',
  'senderName',
  'senderEmail',
] as const satisfies readonly (keyof PlanIdentitySettings)[];

export const EMPTY_IDENTITY: PlanIdentitySettings = {
  jurisdiction: null,
  bodyKind: 'state',
  letterheadParent: null,
  numberSymbol: null,
  placeName: null,
  signerAuthority: null,
  signerTitle: null,
  signerName: null,
  storageLine: null,
  senderName: null,
  senderEmail: null,
};

/** The agencies an identity is derived from. */
export interface IdentityAgencies {
  coordinating: { code: string; name: string; shortName: string };
  coordinatingParent: { name: string } | null;
  recipient: { name: string; shortName: string } | null;
}

/** Everything a document, an email or a page says about who speaks for the plan. */
export interface PlanIdentity {
  bodyKind: BodyKind;
  jurisdiction: string | null;
  /** The letterhead's upper line ("UBND TỈNH CAO BẰNG", "TỈNH ỦY TUYÊN QUANG"); null when there is none. */
  letterheadParent: string | null;
  /** The coordinating agency as the letterhead writes it ("SỞ XÂY DỰNG"). */
  issuer: string;
  /** "Sở Xây dựng", "Ban Tuyên giáo Tỉnh ủy". */
  issuerName: string;
  issuerShortName: string;
  numberSymbol: string;
  place: string;
  signerAuthority: string | null;
  signerTitle: string;
  signerName: string | null;
  storageLine: string;
  senderName: string;
  senderShortName: string;
  senderEmail: string | null;
  recipientName: string;
  recipientShortName: string;
}

/** The six centrally-run cities are "thành phố"; every other province is "tỉnh". */
const CITIES = new Set(['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế']);

export function jurisdictionUnit(jurisdiction: string): string {
  return CITIES.has(jurisdiction) ? 'thành phố' : 'tỉnh';
}

/** The province a body's name names ("Ủy ban nhân dân tỉnh Cao Bằng", "Tỉnh ủy Tuyên Quang"), if any. */
export function jurisdictionFromName(name: string): string | null {
  const m = /(?:^|\s)(?:tỉnh|thành phố|tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ)\s+(?!ủy|uỷ)([^,;()]+?)\s*$/iu.exec(name.normalize('NFC'));
  return m ? m[1].trim() : null;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

/** "Ủy ban nhân dân tỉnh Cao Bằng" as a letterhead line: "UBND TỈNH CAO BẰNG" (Decree 30 allows the abbreviation). */
export function letterheadLine(name: string): string {
  return upper(name.replace(/^(Ủy|Uỷ) ban nhân dân\s+/iu, 'UBND '));
}

/** The plan's identity: what it states, else derived. */
export function resolvePlanIdentity(
  s: PlanIdentitySettings,
  a: IdentityAgencies,
  defaults: { organizationName: string; mailFrom: string },
): PlanIdentity {
  const jurisdiction = s.jurisdiction;
  const place = s.placeName ?? jurisdiction ?? '';
  const party = s.bodyKind === 'party';
  const derivedParent = a.coordinatingParent
    ? letterheadLine(a.coordinatingParent.name)
    : jurisdiction
      ? upper(`${party ? 'Đảng bộ' : 'UBND'} ${jurisdictionUnit(jurisdiction)} ${jurisdiction}`)
      : null;
  // "Sở Xây dựng" → "Sở Xây dựng tỉnh Cao Bằng"; "Ban Tuyên giáo Tỉnh ủy" → "Ban Tuyên giáo Tỉnh ủy Tuyên Quang".
  const names = (x: string) =>
    !jurisdiction || x.includes(jurisdiction)
      ? x
      : /(tỉnh|thành) (ủy|uỷ)$/iu.test(x)
        ? `${x} ${jurisdiction}`
        : `${x} ${jurisdictionUnit(jurisdiction)} ${jurisdiction}`;
  const recipientName =
    a.recipient?.name ?? (jurisdiction ? `Ủy ban nhân dân ${jurisdictionUnit(jurisdiction)} ${jurisdiction}` : 'cấp trên');
  return {
    bodyKind: s.bodyKind,
    jurisdiction,
    letterheadParent: s.letterheadParent ?? derivedParent,
    issuer: upper(a.coordinating.name),
    issuerName: a.coordinating.name,
    issuerShortName: a.coordinating.shortName || a.coordinating.name,
    numberSymbol: s.numberSymbol ?? (party ? `BC/${a.coordinating.code}` : `BC-${a.coordinating.code}`),
    place,
    signerAuthority: s.signerAuthority,
    signerTitle: s.signerTitle ?? defaultSignerTitle(a.coordinating.name, party),
    signerName: s.signerName,
    storageLine: s.storageLine ?? (party ? 'Lưu Văn phòng' : 'Lưu: VT'),
    senderName: s.senderName ?? (jurisdiction ? names(a.coordinating.name) : defaults.organizationName),
    senderShortName: a.coordinating.shortName || a.coordinating.name,
    senderEmail: s.senderEmail ?? addressOf(defaults.mailFrom),
    recipientName,
    recipientShortName: a.recipient?.shortName ?? recipientName,
  };
}

/** The head's title a body's name implies, when the plan does not state one. */
function defaultSignerTitle(name: string, party: boolean): string {
  const n = name.normalize('NFC');
  if (/^Sở\s/iu.test(n)) return 'GIÁM ĐỐC';
  if (/^(Ủy|Uỷ) ban nhân dân|^UBND/iu.test(n)) return 'CHỦ TỊCH';
  if (/^Ban\s/iu.test(n)) return 'TRƯỞNG BAN';
  if (/^(Tỉnh|Thành|Huyện) ủy/iu.test(n) || party) return 'BÍ THƯ';
  return 'THỦ TRƯỞNG CƠ QUAN';
}

/** "Sở Xây dựng <no-reply@x.vn>" → "no-reply@x.vn". */
export function addressOf(mailFrom: string): string | null {
  const m = /<([^>\s]+@[^>\s]+)>\s*$/.exec(mailFrom) ?? /^\s*([^\s<>]+@[^\s<>]+)\s*$/.exec(mailFrom);
  return m ? m[1] : null;
}

/** The national motto of a state body, or the party's name for a party body (Decree 30; HD 36-HD/VPTW). */
export function mottoLines(bodyKind: BodyKind): { line: string; underline: string | null } {
  return bodyKind === 'party'
    ? { line: 'ĐẢNG CỘNG SẢN VIỆT NAM', underline: null }
    : { line: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', underline: 'Độc lập - Tự do - Hạnh phúc' };
}

/**
 * The number line: a state body's "Số: 125/BC-SXD" (blank "Số:      /BC-SXD"); a party body's
 * "Số 45-BC/TU" (blank "Số      -BC/TU"). A number typed in full ("125/BC-SXD") is kept as typed.
 */
export function numberLine(identity: Pick<PlanIdentity, 'bodyKind' | 'numberSymbol'>, documentNumber: string | null): string {
  const party = identity.bodyKind === 'party';
  const sep = party ? '-' : '/';
  const n = documentNumber?.trim();
  const full = n ? (/^\d+$/.test(n) ? `${n}${sep}${identity.numberSymbol}` : n) : `      ${sep}${identity.numberSymbol}`;
  return party ? `Số ${full}` : `Số: ${full}`;
}

/** "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / (space) / Nguyễn Văn A": the signature block's lines. */
export function signatureLines(identity: Pick<PlanIdentity, 'signerAuthority' | 'signerTitle' | 'signerName'>): {
  titles: string[];
  name: string | null;
} {
  return { titles: [identity.signerAuthority, identity.signerTitle].filter((x): x is string => !!x), name: identity.signerName };
}

/** The plans columns that hold the settings, for a repository's SELECT (table alias `p`). */
export const IDENTITY_COLUMNS_SQL = `p.jurisdiction, p.body_kind, p.letterhead_parent, p.number_symbol, p.place_name, p.signer_authority,
  p.signer_title, p.signer_name, p.storage_line, p.sender_name, p.sender_email`;

export interface IdentityRow {
  jurisdiction: string | null;
  body_kind: BodyKind;
  letterhead_parent: string | null;
  number_symbol: string | null;
  place_name: string | null;
  signer_authority: string | null;
  signer_title: string | null;
  signer_name: string | null;
  storage_line: string | null;
  sender_name: string | null;
  sender_email: string | null;
}

export function identitySettingsOf(r: IdentityRow): PlanIdentitySettings {
  return {
    jurisdiction: r.jurisdiction,
    bodyKind: r.body_kind,
    letterheadParent: r.letterhead_parent,
    numberSymbol: r.number_symbol,
    placeName: r.place_name,
    signerAuthority: r.signer_authority,
    signerTitle: r.signer_title,
    signerName: r.signer_name,
    storageLine: r.storage_line,
    senderName: r.sender_name,
    senderEmail: r.sender_email,
  };
}

/** The settings as positional SQL parameters, in IDENTITY_KEYS order. */
export function identityParams(s: PlanIdentitySettings): (string | null)[] {
  return IDENTITY_KEYS.map((k) => s[k]);
}

/** Just the identity settings of a plan document's plan part. */
export function pickIdentity(p: PlanIdentitySettings): PlanIdentitySettings {
  return Object.fromEntries(IDENTITY_KEYS.map((k) => [k, p[k]])) as unknown as PlanIdentitySettings;
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { AgencyKind } from './agency.entity';

/** An agency as the API shows it, its parent by code. */
export interface AgencyView {
  code: string;
  kind: AgencyKind;
  name: string;
  shortName: string;
  emails: string[];
  parentCode: string | null;
  requiresHeadSignOff: boolean;
}

/** An agency's own fields, as a plan workbook lists it (no parent). */
export interface AgencyProfile {
  code: string;
  kind: AgencyKind;
  name: string;
  shortName: string;
  emails: string[];
  requiresHeadSignOff: boolean;
}

/** A new agency, its parent already resolved to an id. */
export interface NewAgency extends AgencyProfile {
  parentId: string | null;
}

/** Fields an administrator changes; undefined keeps the stored value, `parentId: null` clears the parent. */
export interface AgencyChanges {
  kind?: AgencyKind;
  name?: string;
  shortName?: string;
  emails?: string[];
  requiresHeadSignOff?: boolean;
  parentId?: string | null;
}

/** An agency row of the administrators' list, with how many users belong to it. */
export interface AgencyWithUserCount {
  code: string;
  kind: AgencyKind;
  name: string;
  short_name: string;
  emails: string[];
  requires_head_sign_off: boolean;
  users: number;
}

interface ViewRow {
  code: string;
  kind: AgencyKind;
  name: string;
  short_name: string;
  emails: string[];
  parent_code: string | null;
  requires_head_sign_off: boolean;
}

interface ProfileRow {
  code: string;
  kind: AgencyKind;
  name: string;
  short_name: string;
  emails: string[];
  requires_head_sign_off: boolean;
}

const SELECT_VIEW = `SELECT a.code, a.kind, a.name, a.short_name, a.emails, p.code AS parent_code, a.requires_head_sign_off
                     FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id`;

const SELECT_PROFILE = 'SELECT code, kind, name, short_name, emails, requires_head_sign_off FROM agencies';

const toView = (r: ViewRow): AgencyView => ({
  code: r.code,
  kind: r.kind,
  name: r.name,
  shortName: r.short_name,
  emails: r.emails,
  parentCode: r.parent_code,
  requiresHeadSignOff: r.requires_head_sign_off,
});

const toProfile = (r: ProfileRow): AgencyProfile => ({
  code: r.code,
  kind: r.kind,
  name: r.name,
  shortName: r.short_name,
  emails: r.emails,
  requiresHeadSignOff: r.requires_head_sign_off,
});

/** The agencies table: every statement that reads or writes it. */
@Injectable()
export class AgenciesRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Agencies of a kind (all when none), the province first, then departments, wards, communes. */
  async list(kind?: AgencyKind, em?: EntityManager): Promise<AgencyView[]> {
    const rows = await this.rows<ViewRow>(
      `${SELECT_VIEW} WHERE ($1::text IS NULL OR a.kind = $1)
       ORDER BY array_position(ARRAY['province','department','district','ward','commune','other']::text[], a.kind::text), a.code`,
      [kind ?? null],
      em,
    );
    return rows.map(toView);
  }

  async viewByCode(code: string, em?: EntityManager): Promise<AgencyView | undefined> {
    const row = await this.first<ViewRow>(`${SELECT_VIEW} WHERE a.code = $1`, [code], em);
    return row && toView(row);
  }

  /** Id of the agency with this code, or null. */
  async idByCode(code: string, em?: EntityManager): Promise<string | null> {
    const row = await this.first<{ id: string }>('SELECT id FROM agencies WHERE code = $1', [code], em);
    return row?.id ?? null;
  }

  /** Ids of the agencies among these codes that exist (unknown codes are left out). */
  idsOfCodes(codes: string[], em?: EntityManager): Promise<{ id: string; code: string }[]> {
    return this.rows<{ id: string; code: string }>('SELECT id, code FROM agencies WHERE code = ANY($1::text[])', [codes], em);
  }

  /** Every agency's id by its code. */
  async idsByCode(em?: EntityManager): Promise<Map<string, string>> {
    const rows = await this.rows<{ id: string; code: string }>('SELECT id, code FROM agencies', [], em);
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async codeExists(code: string, em?: EntityManager): Promise<boolean> {
    return (await this.first('SELECT 1 FROM agencies WHERE code = $1', [code], em)) !== undefined;
  }

  /** Id of the agency with this code, its row locked for the rest of the transaction; null when none. */
  async lockIdByCode(code: string, em?: EntityManager): Promise<string | null> {
    const row = await this.first<{ id: string }>('SELECT id FROM agencies WHERE code = $1 FOR UPDATE', [code], em);
    return row?.id ?? null;
  }

  /** Serialises parent changes so two concurrent edits cannot close a loop between them. */
  async lockParentChanges(em?: EntityManager): Promise<void> {
    await this.rows(`SELECT pg_advisory_xact_lock(hashtext('agencies.parent_id'))`, [], em);
  }

  /** Whether `agencyId` is `startId` itself or one of the agencies above it. */
  async isSelfOrAncestor(startId: string, agencyId: string, em?: EntityManager): Promise<boolean> {
    const hit = await this.first(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM agencies WHERE id = $1
         UNION SELECT a.id, a.parent_id FROM agencies a JOIN up ON a.id = up.parent_id
       ) SELECT 1 FROM up WHERE id = $2`,
      [startId, agencyId],
      em,
    );
    return hit !== undefined;
  }

  async insert(a: NewAgency, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO agencies (code, kind, name, short_name, emails, parent_id, requires_head_sign_off)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [a.code, a.kind, a.name, a.shortName, a.emails, a.parentId, a.requiresHeadSignOff],
      em,
    );
  }

  async update(id: string, c: AgencyChanges, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE agencies SET
         kind = coalesce($2, kind), name = coalesce($3, name), short_name = coalesce($4, short_name),
         emails = coalesce($5, emails), requires_head_sign_off = coalesce($6, requires_head_sign_off),
         parent_id = CASE WHEN $7 THEN $8::uuid ELSE parent_id END, updated_at = now()
       WHERE id = $1`,
      [
        id,
        c.kind ?? null,
        c.name ?? null,
        c.shortName ?? null,
        c.emails ?? null,
        c.requiresHeadSignOff ?? null,
        c.parentId !== undefined,
        c.parentId ?? null,
      ],
      em,
    );
  }

  /** Creates the agency or brings its fields to these (its parent stays); a row already equal is not touched. */
  async upsertByCode(a: AgencyProfile, jurisdiction: string | null, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO agencies (code, kind, name, short_name, emails, requires_head_sign_off, jurisdiction) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, short_name = EXCLUDED.short_name,
         emails = EXCLUDED.emails, requires_head_sign_off = EXCLUDED.requires_head_sign_off,
         jurisdiction = coalesce(agencies.jurisdiction, EXCLUDED.jurisdiction), updated_at = now()
       WHERE (agencies.kind, agencies.name, agencies.short_name, agencies.emails, agencies.requires_head_sign_off, agencies.jurisdiction IS NULL)
         IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.emails, EXCLUDED.requires_head_sign_off, EXCLUDED.jurisdiction IS NULL)`,
      [a.code, a.kind, a.name, a.shortName, a.emails, a.requiresHeadSignOff, jurisdiction],
      em,
    );
  }

  /** Every agency's own fields and province, by code: what a plan workbook's names are matched against. */
  async knownAgencies(em?: EntityManager): Promise<(AgencyProfile & { jurisdiction: string | null })[]> {
    const rows = await this.rows<ProfileRow & { jurisdiction: string | null }>(
      'SELECT code, kind, name, short_name, emails, requires_head_sign_off, jurisdiction FROM agencies ORDER BY code',
      [],
      em,
    );
    return rows.map((r) => ({ ...toProfile(r), jurisdiction: r.jurisdiction }));
  }

  /** Every agency's own fields, by code. */
  async allProfiles(em?: EntityManager): Promise<AgencyProfile[]> {
    return (await this.rows<ProfileRow>(`${SELECT_PROFILE} ORDER BY code`, [], em)).map(toProfile);
  }

  /** The own fields of the agencies with these codes, by code. */
  async profilesOfCodes(codes: string[], em?: EntityManager): Promise<AgencyProfile[]> {
    return (await this.rows<ProfileRow>(`${SELECT_PROFILE} WHERE code = ANY($1) ORDER BY code`, [codes], em)).map(toProfile);
  }

  /**
   * Agencies whose name, short name, code or emails match the LIKE pattern (accents and case
   * ignored; all when null), each with its number of users. Unsorted: the page sorts by name the
   * Vietnamese way.
   */
  listWithUserCounts(term: string | null, em?: EntityManager): Promise<AgencyWithUserCount[]> {
    return this.rows<AgencyWithUserCount>(
      `SELECT code, kind, name, short_name, emails, requires_head_sign_off,
              (SELECT count(*) FROM users u WHERE u.agency_id = a.id)::int AS users
       FROM agencies a
       WHERE $1::text IS NULL OR unaccent(lower(a.name || ' ' || a.short_name || ' ' || a.code || ' ' || array_to_string(a.emails, ' '))) LIKE unaccent(lower($1))`,
      [term],
      em,
    );
  }
}

import type { INestApplicationContext } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../seeds/cao-bang/seed';
import { TQ_COORDINATOR_CODE, TQ_PLAN, TQ_RECIPIENT_CODE, TQ_REPORTING_CODES, tuyenQuangWorkbook } from '../../seeds/tuyen-quang/workbook';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AuthRepository } from '../auth/auth.repository';
import { PlansRepository } from '../plans/plans.repository';
import { PlanImporter } from '../plans/workbook/plan-import';
import { readPlanWorkbook } from '../plans/workbook/workbook-read';

/** The demo accounts of the second sample plan (password Demo@2026, as every demo account). */
export const TQ_DEMO_USERS = [
  {
    username: 'coordinator-tq',
    displayName: 'Cán bộ tổng hợp Ban Tuyên giáo và Dân vận',
    role: 'coordinator',
    agency: TQ_COORDINATOR_CODE,
  },
  { username: 'leader-tq', displayName: 'Lãnh đạo Ban Thường vụ Tỉnh ủy', role: 'leader', agency: TQ_RECIPIENT_CODE },
  ...[TQ_COORDINATOR_CODE, ...TQ_REPORTING_CODES].map((code) => ({
    username: code.toLowerCase(),
    displayName: `Cán bộ báo cáo – ${code}`,
    role: 'reporter',
    agency: code,
  })),
];

/**
 * Imports the second built-in sample plan (a provincial party committee's programme, Tuyên Quang)
 * through the same importer as an uploaded workbook, with its demo accounts; nothing when it is
 * there already. Answers whether it was imported now.
 */
export async function importSamplePlans(ctx: INestApplicationContext): Promise<boolean> {
  if (await ctx.get(PlansRepository).idByCode(TQ_PLAN)) return false;
  const known = await ctx.get(AgenciesRepository).knownAgencies();
  const read = await readPlanWorkbook(await tuyenQuangWorkbook(), known);
  if (!read.doc) throw new Error(`The sample plan ${TQ_PLAN} does not read: ${read.errors.map((e) => e.message).join('; ')}`);
  const doc = read.doc;
  const passwordHash = await hash(DEMO_PASSWORD);
  await ctx.get(DataSource).transaction(async (em) => {
    await ctx.get(PlanImporter).apply(em, doc);
    const auth = ctx.get(AuthRepository);
    for (const u of TQ_DEMO_USERS) {
      const agencyId = await auth.agencyIdByCode(u.agency, em);
      if (!agencyId) continue;
      await auth.insertAccount(
        {
          username: u.username,
          passwordHash,
          displayName: u.displayName,
          email: `${u.username}@tuyenquang.example`,
          role: u.role,
          agencyId,
        },
        em,
      );
    }
  });
  return true;
}

import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { IsCalendarDate } from '../../common/validators';
import { FREQUENCIES, Frequency, OWED_BY, OwedBy, ReminderAnchor, ReminderAudience, REPORT_FORMS, ReportForm } from '../regime.types';

const MONTH_OFFSET = { context: { message: 'Độ lệch tháng phải là số nguyên từ -120 đến 120.' } };
const YEAR = { message: 'Mỗi năm báo cáo (years) phải là số nguyên từ 2000 đến 2100.' };
const DAY = { context: { message: 'Ngày phải là số nguyên từ 1 đến 31.' } };
const SLOT = { message: 'Mỗi kỳ trong năm (slots) phải là số nguyên từ 1 đến 4.' };
const DAYS = { context: { message: 'Số ngày phải là số nguyên từ -366 đến 366.' } };

/** A day relative to the first month a period covers: { monthOffset: 4, day: 20 } is 20/5 for the first half. */
export class DateRuleDto {
  @ApiProperty({ example: 4, minimum: -120, maximum: 120, description: 'A window may start years before the period (a mid-term review)' })
  @IsInt()
  @Min(-120, MONTH_OFFSET)
  @Max(120, MONTH_OFFSET)
  monthOffset!: number;

  @ApiProperty({ example: 20, minimum: 1, maximum: 31 })
  @IsInt()
  @Min(1, DAY)
  @Max(31, DAY)
  day!: number;
}

export class DataWindowDto {
  @ApiProperty({ type: DateRuleDto })
  @ValidateNested()
  @Type(() => DateRuleDto)
  start!: DateRuleDto;

  @ApiProperty({ type: DateRuleDto })
  @ValidateNested()
  @Type(() => DateRuleDto)
  end!: DateRuleDto;
}

export class ReminderRuleDto {
  @ApiProperty({ example: 'D-7' })
  @NormalizeText()
  @IsString()
  @Matches(/^[A-Za-z0-9+_-]{1,32}$/, {
    context: { message: 'Mã quy tắc nhắc chỉ gồm chữ cái không dấu, chữ số, "+", "-", "_", tối đa 32 ký tự.' },
  })
  code!: string;

  @ApiProperty({ enum: ['due', 'consolidation'] })
  @IsIn(['due', 'consolidation'])
  anchor!: ReminderAnchor;

  @ApiProperty({ example: -7 })
  @IsInt()
  @Min(-366, DAYS)
  @Max(366, DAYS)
  offsetDays!: number;

  @ApiProperty({ example: '08:00' })
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { context: { message: 'Giờ nhắc phải theo dạng HH:MM (00:00–23:59).' } })
  time!: string;

  @ApiProperty({ enum: ['agency', 'agency_and_head', 'coordinator'] })
  @IsIn(['agency', 'agency_and_head', 'coordinator'])
  audience!: ReminderAudience;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1, DAYS)
  @Max(366, DAYS)
  repeatEveryDays?: number;

  @ApiPropertyOptional({ example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1, DAYS)
  @Max(366, DAYS)
  untilDays?: number;
}

/** A report chain: the next level's plan and the kind of it the final consolidated report feeds. */
export class KindFeedDto {
  @ApiProperty({ example: 'BXD-2026-2030' })
  @NormalizeText()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,48}$/, { context: { message: 'Mã kế hoạch chỉ gồm chữ cái không dấu, chữ số, ".", "_" và "-".' } })
  planCode!: string;

  @ApiProperty({ example: 'semiannual' })
  @NormalizeText()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,48}$/, { context: { message: 'Mã loại báo cáo chỉ gồm chữ cái không dấu, chữ số, ".", "_" và "-".' } })
  kindCode!: string;
}

const rule = (example: object) => ApiPropertyOptional({ type: DateRuleDto, nullable: true, example });

export class CreateReportKindDto {
  @ApiProperty({ example: 'quarterly', description: "Stable code: the period's `kind` in the API" })
  @NormalizeText()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,48}$/, {
    context: { message: 'Mã loại báo cáo chỉ gồm chữ cái không dấu, chữ số, ".", "_" và "-", tối đa 48 ký tự.' },
  })
  code!: string;

  @ApiProperty({ example: 'Báo cáo định kỳ hằng quý' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiProperty({ enum: FREQUENCIES })
  @IsIn(FREQUENCIES)
  frequency!: Frequency;

  @ApiPropertyOptional({
    type: [Number],
    example: [1],
    description: 'Sub-periods reported (semiannual [1] = first half only); empty = all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsInt({ each: true, context: SLOT })
  @Min(1, { each: true, context: SLOT })
  @Max(4, { each: true, context: SLOT })
  slots?: number[];

  @ApiPropertyOptional({
    type: [Number],
    example: [2028],
    description: 'Years the kind runs in (a mid-term review in 2028 only); empty or absent = every year of the plan',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true, context: YEAR })
  @Min(2000, { each: true, context: YEAR })
  @Max(2100, { each: true, context: YEAR })
  years?: number[];

  @ApiPropertyOptional({
    enum: REPORT_FORMS,
    default: 'tasks',
    description: "'tasks': the per-task progress form; 'document' (one-off kinds only): a signed letter attached, closed when received",
  })
  @IsOptional()
  @IsIn(REPORT_FORMS)
  form?: ReportForm;

  @ApiProperty({ example: 'Báo cáo quý {slot} năm {year}', description: '{year} and {slot} are replaced' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  periodLabel!: string;

  @rule({ monthOffset: -1, day: 15 })
  @IsOptional()
  @ValidateNested()
  @Type(() => DateRuleDto)
  opensRule?: DateRuleDto | null;

  @rule({ monthOffset: 2, day: 20 })
  @IsOptional()
  @ValidateNested()
  @Type(() => DateRuleDto)
  dueRule?: DateRuleDto | null;

  @ApiPropertyOptional({ type: DataWindowDto, nullable: true, description: 'Default: Decree 09/2019 Article 12 windows' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DataWindowDto)
  dataWindow?: DataWindowDto | null;

  @rule({ monthOffset: 2, day: 25 })
  @IsOptional()
  @ValidateNested()
  @Type(() => DateRuleDto)
  consolidationDueRule?: DateRuleDto | null;

  @ApiPropertyOptional({ example: '2026-01-15', nullable: true, description: 'One-off kinds: opening day (default: the plan start)' })
  @IsOptional()
  @IsCalendarDate()
  fixedOpensDate?: string | null;

  @ApiPropertyOptional({ example: '2026-04-10', nullable: true, description: 'One-off kinds: the named deadline day' })
  @IsOptional()
  @IsCalendarDate()
  fixedDueDate?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Whether the named day itself counts ("trước ngày 20/5" read literally: false)' })
  @IsOptional()
  @IsBoolean()
  namedDayCounts?: boolean;

  @ApiPropertyOptional({ enum: OWED_BY, description: "Default: 'listed' when agencyCodes are given, else 'task_agencies'" })
  @IsOptional()
  @IsIn(OWED_BY)
  owedBy?: OwedBy;

  @ApiPropertyOptional({ type: [String], description: "Agencies that owe the report (owedBy 'listed')" })
  @IsOptional()
  @NormalizeText()
  @IsArray()
  @ArrayMaxSize(5000)
  @ArrayUnique()
  @IsString({ each: true })
  agencyCodes?: string[];

  @ApiPropertyOptional({ type: [ReminderRuleDto], description: "Default: the contract's rules for the frequency" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReminderRuleDto)
  reminderRules?: ReminderRuleDto[];

  @ApiPropertyOptional({
    type: KindFeedDto,
    nullable: true,
    description:
      "A report chain: the other plan's kind this kind's final consolidated report feeds (it is attached to the plan's recipient agency's report of the same year and slot there); null clears",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => KindFeedDto)
  feeds?: KindFeedDto | null;

  @ApiPropertyOptional({ description: 'Order in the regime; default after the last kind' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(32767)
  position?: number;
}

/** The code names the kind in every period; the rest may change and the periods follow. */
export class UpdateReportKindDto extends PartialType(OmitType(CreateReportKindDto, ['code'] as const), { skipNullProperties: false }) {}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsDecimalAmount } from '../../common/validators';
import { NormalizeText } from '../../common/text-transform';
import { DIFFICULTY_KINDS, RESOLVING_LEVELS, TASK_STATUSES } from '../report.constants';

const TEXT_MAX = 20000;

/** A constraint's message as the form shows it beside the field: plain Vietnamese, never the field's path. */
const say = (message: string) => ({ context: { message } });
const PERCENT = 'Tỷ lệ hoàn thành là số nguyên từ 0 đến 100 (tối đa 100%).';
const TOO_LONG = say('Nội dung quá dài: tối đa 20.000 ký tự.');

/** Editable fields of a task entry; the read-only ones GET returns are accepted and ignored. */
export class TaskEntryDto {
  @ApiProperty({ example: 'II.2.(1).a' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  taskCode!: string;

  @Allow() title?: unknown;
  @Allow() role?: unknown;
  @Allow() sectionCode?: unknown;
  @Allow() sectionTitle?: unknown;

  @ApiPropertyOptional({ enum: TASK_STATUSES, nullable: true })
  @IsOptional()
  @IsIn(TASK_STATUSES, say('Tình trạng không có trong danh sách; hãy chọn lại.'))
  status?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, nullable: true })
  @IsOptional()
  @IsInt(say(PERCENT))
  @Min(0, say(PERCENT))
  @Max(100, say('Tỷ lệ hoàn thành tối đa 100%.'))
  percentComplete?: number | null;

  @ApiPropertyOptional({ example: '1200.5', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  capitalAllocated?: string | null;

  @ApiPropertyOptional({ example: '1000', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  capitalAllocatedStateBudget?: string | null;

  @ApiPropertyOptional({ example: '800', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  capitalDisbursed?: string | null;

  @ApiPropertyOptional({ example: '700', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  capitalDisbursedStateBudget?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  workDone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  difficulties?: string | null;

  @ApiPropertyOptional({ enum: DIFFICULTY_KINDS, nullable: true })
  @IsOptional()
  @IsIn(DIFFICULTY_KINDS, say('Loại khó khăn không có trong danh sách; hãy chọn lại.'))
  difficultyKind?: string | null;

  @ApiPropertyOptional({ enum: RESOLVING_LEVELS, nullable: true })
  @IsOptional()
  @IsIn(RESOLVING_LEVELS, say('Cấp giải quyết không có trong danh sách; hãy chọn lại.'))
  resolvingLevel?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  proposals?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  nextSteps?: string | null;
}

export class IndicatorValueDto {
  @ApiProperty({ example: 'NOXH' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(48)
  indicatorCode!: string;

  @Allow() name?: unknown;
  @Allow() unit?: unknown;
  @Allow() target?: unknown;
  @Allow() aggregation?: unknown;
  @Allow() question?: unknown;
  @Allow() targetSpec?: unknown;

  @ApiPropertyOptional({ example: '120', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  value?: string | null;
}

export class OfficialLetterDto {
  @ApiPropertyOptional({ example: '125/BC-STC', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(64, say('Số, ký hiệu văn bản tối đa 64 ký tự.'))
  number?: string | null;

  @ApiPropertyOptional({ example: '2026-05-15', nullable: true })
  @IsOptional()
  @IsCalendarDate(say('Ngày văn bản không có thật; hãy chọn lại ngày.'))
  date?: string | null;
}

export class SummaryDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  assessment?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  difficulties?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(TEXT_MAX, TOO_LONG)
  proposals?: string | null;
}

/** PUT my-report: the shape GET gives; fields the agency cannot change are ignored. */
export class SaveReportDto {
  @ApiProperty({ description: 'the version the client read; a stale one answers 409', example: 3 })
  @IsInt()
  @Min(1)
  version!: number;

  @Allow() id?: unknown;
  @Allow() periodId?: unknown;
  @Allow() periodLabel?: unknown;
  @Allow() agencyCode?: unknown;
  @Allow() agencyName?: unknown;
  @Allow() form?: unknown;
  @Allow() state?: unknown;
  @Allow() dueAt?: unknown;
  @Allow() submittedAt?: unknown;
  @Allow() firstSubmittedAt?: unknown;
  @Allow() onTime?: unknown;
  @Allow() returnComment?: unknown;
  @Allow() attachments?: unknown;
  @Allow() revisions?: unknown;
  @Allow() history?: unknown;

  @ApiPropertyOptional({ type: OfficialLetterDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => OfficialLetterDto)
  officialLetter?: OfficialLetterDto | null;

  @ApiPropertyOptional({ type: [TaskEntryDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => TaskEntryDto)
  tasks?: TaskEntryDto[];

  @ApiPropertyOptional({ type: [IndicatorValueDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => IndicatorValueDto)
  indicators?: IndicatorValueDto[];

  @ApiPropertyOptional({ type: SummaryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SummaryDto)
  summary?: SummaryDto;
}

export class ReturnReportDto {
  @ApiProperty({ example: 'Đề nghị bổ sung số liệu giải ngân của dự án II.2.(1).a.' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX, TOO_LONG)
  comment!: string;
}

export class ReopenReportDto {
  @ApiProperty({ example: 'Đơn vị đề nghị điều chỉnh số liệu giải ngân sau khi đối chiếu với Kho bạc.' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX, TOO_LONG)
  reason!: string;
}

export class AdhocReportDto {
  @ApiProperty({ example: 'Vướng mắc giải phóng mặt bằng tuyến Quốc lộ 34B' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  subject!: string;

  @ApiProperty()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX, TOO_LONG)
  body!: string;

  @ApiPropertyOptional({ example: 'II.2.(2).a.(ii)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  taskCode?: string;

  @ApiProperty({ enum: DIFFICULTY_KINDS })
  @IsIn(DIFFICULTY_KINDS, say('Loại khó khăn không có trong danh sách; hãy chọn lại.'))
  difficultyKind!: string;

  @ApiProperty({ enum: RESOLVING_LEVELS })
  @IsIn(RESOLVING_LEVELS, say('Cấp giải quyết không có trong danh sách; hãy chọn lại.'))
  resolvingLevel!: string;
}

import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
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
import { IsDecimalAmount } from '../../common/validators';
import { TASK_KINDS, TaskKind } from '../task.entity';
import { MilestoneDto, TimelineDto } from './timeline.dto';

/** Enough for every commune and ward of the largest province many times over. */
const MAX_AGENCIES = 5000;
const AT_LEAST_ONE_LEAD = { context: { message: 'Nhiệm vụ cần ít nhất một cơ quan chủ trì.' } };

export class CreateTaskDto {
  @ApiProperty({ example: 'II.2.(1).a', description: 'Numbering path of the text; unique in the plan' })
  @NormalizeText()
  @IsString()
  @Matches(/^\S{1,64}$/, { context: { message: 'Mã nhiệm vụ không được chứa khoảng trắng, tối đa 64 ký tự.' } })
  code!: string;

  @ApiProperty({ example: 'Đầu tư tuyến cao tốc Đồng Đăng – Trà Lĩnh' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  title!: string;

  @ApiProperty({ enum: TASK_KINDS })
  @IsIn(TASK_KINDS)
  kind!: TaskKind;

  @ApiPropertyOptional({ example: 'PL01', nullable: true, description: "Section code; default: the parent's section" })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  sectionCode?: string | null;

  @ApiPropertyOptional({ example: 'II.2.(1)', nullable: true, description: 'Code of the parent task; null for a top-level task' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  parentCode?: string | null;

  @ApiPropertyOptional({ description: 'Order among siblings; default after the last one' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;

  @ApiPropertyOptional({ type: TimelineDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TimelineDto)
  timeline?: TimelineDto | null;

  @ApiPropertyOptional({ example: '1200.5', nullable: true, description: 'tỷ đồng; required when a split is given' })
  @IsOptional()
  @IsDecimalAmount()
  capitalTotal?: string | null;

  @ApiPropertyOptional({ example: '1000', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  capitalStateBudget?: string | null;

  @ApiPropertyOptional({ example: '200.5', nullable: true })
  @IsOptional()
  @IsDecimalAmount()
  capitalNonStateBudget?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(4000)
  note?: string | null;

  @ApiPropertyOptional({ type: [MilestoneDto], description: 'Replaces every milestone when given' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[] | null;

  @ApiProperty({ type: [String], example: ['SXD'], description: 'Lead agencies (chủ trì); several communes may each lead their own part' })
  @NormalizeText()
  @IsArray()
  @ArrayMinSize(1, AT_LEAST_ONE_LEAD)
  @ArrayMaxSize(MAX_AGENCIES)
  @ArrayUnique()
  @IsString({ each: true })
  leadAgencyCodes!: string[];

  @ApiPropertyOptional({ type: [String], example: ['STC'], description: 'Cooperating agencies (phối hợp)' })
  @IsOptional()
  @NormalizeText()
  @IsArray()
  @ArrayMaxSize(MAX_AGENCIES)
  @ArrayUnique()
  @IsString({ each: true })
  cooperatingAgencyCodes?: string[] | null;
}

/** Given fields replace the stored ones; milestones and agencies are replaced as a whole. */
export class UpdateTaskDto extends PartialType(OmitType(CreateTaskDto, ['code'] as const), { skipNullProperties: false }) {}

export class ReplaceAssignmentsDto {
  @ApiProperty({ type: [String], example: ['01273', '01279'] })
  @NormalizeText()
  @IsArray()
  @ArrayMinSize(1, AT_LEAST_ONE_LEAD)
  @ArrayMaxSize(MAX_AGENCIES)
  @ArrayUnique()
  @IsString({ each: true })
  lead!: string[];

  @ApiProperty({ type: [String], example: ['SXD'] })
  @NormalizeText()
  @IsArray()
  @ArrayMaxSize(MAX_AGENCIES)
  @ArrayUnique()
  @IsString({ each: true })
  cooperating!: string[];
}

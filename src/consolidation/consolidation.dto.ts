import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { NormalizeText } from '../common/text-transform';
import { IsCalendarDate } from '../common/validators';

const NARRATIVE_MAX = 50_000;

export class NarrativeDto {
  @ApiPropertyOptional({ description: 'Đánh giá chung' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(NARRATIVE_MAX)
  assessment?: string;

  @ApiPropertyOptional({ description: 'Khó khăn, vướng mắc' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(NARRATIVE_MAX)
  difficulties?: string;

  @ApiPropertyOptional({ description: 'Nhiệm vụ trọng tâm kỳ tới' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(NARRATIVE_MAX)
  keyTasks?: string;

  @ApiPropertyOptional({ description: 'Đề xuất, kiến nghị' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(NARRATIVE_MAX)
  proposals?: string;
}

export class UpdateConsolidationDto {
  @ApiPropertyOptional({ description: 'the editVersion the client read; a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  editVersion?: number;

  @ApiPropertyOptional({ type: NarrativeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NarrativeDto)
  narrative?: NarrativeDto;

  @ApiPropertyOptional({ example: '125/BC-SXD', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @NormalizeText()
  @IsString()
  @MaxLength(64)
  @Matches(/^\S.*$/)
  documentNumber?: string | null;
}

export class FinalizeConsolidationDto {
  @ApiPropertyOptional({ example: '2026-05-28', description: 'the date it was sent to UBND tỉnh; today when absent' })
  @IsOptional()
  @IsCalendarDate()
  sentDate?: string;

  @ApiPropertyOptional({ example: '125/BC-SXD' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(64)
  @Matches(/^\S.*$/)
  documentNumber?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { IsCalendarDate } from '../../common/validators';
import { TIMELINE_KINDS, TimelineKind } from '../timeline';

const YEAR_RANGE = { context: { message: 'Năm phải nằm trong khoảng 2000–2100.' } };

/** When something is due, as the text says it; which fields a kind needs is checked by timelineErrors. */
export class TimelineDto {
  @ApiProperty({
    enum: TIMELINE_KINDS,
    description: 'date needs date; year, early_year, mid_year, end_year need year; period needs year and endYear; ongoing needs none',
  })
  @IsIn(TIMELINE_KINDS)
  kind!: TimelineKind;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @IsInt()
  @Min(2000, YEAR_RANGE)
  @Max(2100, YEAR_RANGE)
  year?: number | null;

  @ApiPropertyOptional({ example: 2028, description: "Last year of a 'period'" })
  @IsOptional()
  @IsInt()
  @Min(2000, YEAR_RANGE)
  @Max(2100, YEAR_RANGE)
  endYear?: number | null;

  @ApiPropertyOptional({ example: '2026-05-19' })
  @IsOptional()
  @IsCalendarDate()
  date?: string | null;

  @ApiPropertyOptional({ example: 'Trước dịp 19/5/2026', description: 'Wording of the text, shown instead of the generated label' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(255)
  text?: string | null;
}

export class MilestoneDto {
  @ApiProperty({ example: 'Hoàn thành giai đoạn 1' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title!: string;

  @ApiProperty({ type: TimelineDto })
  @ValidateNested()
  @Type(() => TimelineDto)
  timeline!: TimelineDto;
}

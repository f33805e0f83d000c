import { applyDecorators } from '@nestjs/common';
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
import { Comparator, COMPARATORS } from '../indicator-target.entity';
import { Aggregation, AGGREGATIONS } from '../indicator.entity';

export class TargetDto {
  @ApiProperty({ example: 2030, description: 'A year of the plan (startYear..endYear)' })
  @IsInt()
  @Min(2000, { context: { message: 'Năm phải nằm trong khoảng 2000–2100.' } })
  @Max(2100, { context: { message: 'Năm phải nằm trong khoảng 2000–2100.' } })
  year!: number;

  @ApiProperty({
    enum: COMPARATORS,
    example: 'at_least',
    description: "'about' (khoảng): met within ±5 % of value; 'between' (từ … đến …): met within [value, valueTo]",
  })
  @IsIn(COMPARATORS)
  comparator!: Comparator;

  @ApiProperty({ example: '1500', description: 'Non-negative decimal string, at most 3 decimals; the lower bound of a range' })
  @IsDecimalAmount()
  value!: string;

  @ApiPropertyOptional({
    example: '1.9',
    nullable: true,
    description: "The upper bound, above value: required for 'between', absent or null for every other comparator",
  })
  @IsOptional()
  @IsDecimalAmount()
  valueTo?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

/** A list of yearly targets; years within the plan and not repeated is checked by the service. */
const TargetList = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(101),
    ValidateNested({ each: true }),
    Type(() => TargetDto),
  );

export class CreateIndicatorDto {
  @ApiProperty({ example: 'NOXH' })
  @NormalizeText()
  @IsString()
  @Matches(/^\S{1,48}$/, { context: { message: 'Mã chỉ tiêu không được chứa khoảng trắng, tối đa 48 ký tự.' } })
  code!: string;

  @ApiProperty({ example: 'Số căn nhà ở xã hội hoàn thành' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  name!: string;

  @ApiProperty({ example: 'căn' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unit!: string;

  @ApiProperty({
    enum: AGGREGATIONS,
    description:
      'sum over the agencies; count_yes: the number of agencies answering yes to the question (each answers Có/Không); single: the value of its one responsible agency; latest; average',
  })
  @IsIn(AGGREGATIONS)
  aggregation!: Aggregation;

  @ApiPropertyOptional({
    example: 'Xã đã hoàn thành quy hoạch chung?',
    nullable: true,
    description: 'What the report form asks each agency; required for count_yes',
  })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(500)
  question?: string | null;

  @ApiPropertyOptional({ example: 'II.3.(1)', nullable: true, description: 'The task the indicator measures' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  taskCode?: string | null;

  @ApiPropertyOptional({ description: 'Order in the list; default after the last one' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;

  @ApiProperty({ type: [String], example: ['SXD'], description: 'Agencies that report a value' })
  @NormalizeText()
  @IsArray()
  @ArrayMinSize(1, { context: { message: 'Chỉ tiêu cần ít nhất một cơ quan báo cáo giá trị.' } })
  @ArrayMaxSize(5000)
  @ArrayUnique()
  @IsString({ each: true })
  ownerAgencyCodes!: string[];

  @ApiPropertyOptional({ type: [TargetDto], description: 'Replaces every target when given' })
  @IsOptional()
  @TargetList()
  targets?: TargetDto[] | null;
}

/** Given owners and targets replace the stored ones as a whole. */
export class UpdateIndicatorDto extends PartialType(OmitType(CreateIndicatorDto, ['code'] as const), { skipNullProperties: false }) {}

export class ReplaceTargetsDto {
  @ApiProperty({ type: [TargetDto] })
  @TargetList()
  targets!: TargetDto[];
}

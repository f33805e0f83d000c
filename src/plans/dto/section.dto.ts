import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { IsDecimalAmount } from '../../common/validators';

export class CreateSectionDto {
  @ApiProperty({ example: 'PL01' })
  @NormalizeText()
  @IsString()
  @Matches(/^\S{1,16}$/, { context: { message: 'Mã phụ lục không được chứa khoảng trắng, tối đa 16 ký tự.' } })
  code!: string;

  @ApiProperty({ example: 'Phụ lục 01: Giao thông' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  title!: string;

  @ApiPropertyOptional({ description: 'Order in the plan; default after the last section' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(32767)
  position?: number;

  @ApiProperty({ example: '1200.5', description: 'tỷ đồng; must equal capitalStateBudget + capitalNonStateBudget' })
  @IsDecimalAmount()
  capitalTotal!: string;

  @ApiProperty({ example: '1000' })
  @IsDecimalAmount()
  capitalStateBudget!: string;

  @ApiProperty({ example: '200.5' })
  @IsDecimalAmount()
  capitalNonStateBudget!: string;
}

export class UpdateSectionDto extends PartialType(OmitType(CreateSectionDto, ['code'] as const), { skipNullProperties: false }) {}

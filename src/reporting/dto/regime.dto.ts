import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { NormalizeText } from '../../common/text-transform';

/** The plan's reporting regime; created with code DEFAULT on first change when the plan has none. */
export class UpdateRegimeDto {
  @ApiPropertyOptional({ example: 'Chế độ báo cáo thực hiện Kế hoạch (Mục V)' })
  @ValidateIf((_, value) => value !== undefined)
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ nullable: true, example: 'Mục V Kế hoạch; Nghị định số 09/2019/NĐ-CP' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(4000)
  legalBasis?: string | null;

  @ApiPropertyOptional({ description: 'Move a deadline falling on a weekend or holiday to the next working day' })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  rollForward?: boolean;
}

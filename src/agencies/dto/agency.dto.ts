import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { AGENCY_KINDS, AgencyKind } from '../agency.entity';

export class CreateAgencyDto {
  @ApiProperty({ example: '02035', description: 'Official code: administrative unit code or abbreviation (letters, digits, _ and -)' })
  @NormalizeText()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { context: { message: 'Mã cơ quan chỉ gồm chữ cái không dấu, chữ số, "_" và "-", tối đa 32 ký tự.' } })
  code!: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind!: AgencyKind;

  @ApiProperty({ example: 'Ủy ban nhân dân xã Hòa An' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiProperty({ example: 'UBND xã Hòa An' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  shortName!: string;

  @ApiPropertyOptional({ type: [String], example: ['hoaan@example.gov.vn'] })
  @IsOptional()
  @NormalizeText()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEmail({}, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ example: 'UBNDT', nullable: true, description: 'Code of the parent agency; null for none' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  parentCode?: string | null;

  @ApiPropertyOptional({ default: false, description: "Only the agency head may send the agency's reports" })
  @IsOptional()
  @IsBoolean()
  requiresHeadSignOff?: boolean;
}

/** Everything but the code, which other records and users' logins refer to. */
export class UpdateAgencyDto extends PartialType(OmitType(CreateAgencyDto, ['code'] as const), { skipNullProperties: false }) {}

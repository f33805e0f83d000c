import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { IsCalendarDate } from '../../common/validators';
import { BODY_KINDS, BodyKind } from '../plan-identity';

const YEAR_RANGE = { context: { message: 'Năm phải nằm trong khoảng 2000–2100.' } };

export class CreatePlanDto {
  @ApiProperty({ example: 'LS-2026-2030', description: 'Letters without diacritics, digits, ".", "_" and "-"' })
  @NormalizeText()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,48}$/, {
    context: { message: 'Mã kế hoạch chỉ gồm chữ cái không dấu, chữ số, ".", "_" và "-", tối đa 48 ký tự.' },
  })
  code!: string;

  @ApiProperty({ example: 'Kế hoạch phát triển kết cấu hạ tầng giao thông, đô thị giai đoạn 2026-2030' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  title!: string;

  @ApiProperty({ example: 'Ủy ban nhân dân tỉnh Lạng Sơn' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  issuingBody!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(4000)
  legalBasis?: string | null;

  @ApiPropertyOptional({ example: '125/KH-UBND', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(64)
  documentNumber?: string | null;

  @ApiPropertyOptional({ example: '2026-01-15', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  documentDate?: string | null;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000, YEAR_RANGE)
  @Max(2100, YEAR_RANGE)
  startYear!: number;

  @ApiProperty({ example: 2030 })
  @IsInt()
  @Min(2000, YEAR_RANGE)
  @Max(2100, YEAR_RANGE)
  endYear!: number;

  @ApiProperty({ example: 'SXD', description: 'Agency that follows up and consolidates the reports' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  coordinatingAgencyCode!: string;

  @ApiPropertyOptional({ example: 'UBNDT', nullable: true, description: 'Agency that receives the consolidated report' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  recipientAgencyCode?: string | null;

  @ApiPropertyOptional({ example: 'Cao Bằng', nullable: true, description: "The plan's province; agency names resolve within it" })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  jurisdiction?: string | null;

  @ApiPropertyOptional({
    enum: BODY_KINDS,
    description: 'state: national motto and "Số: …/BC-…"; party: "ĐẢNG CỘNG SẢN VIỆT NAM" and "Số …-BC/…"',
  })
  @IsOptional()
  @IsIn(BODY_KINDS, { context: { message: 'Loại cơ quan là "state" (cơ quan nhà nước) hoặc "party" (tổ chức đảng).' } })
  bodyKind?: BodyKind;

  @ApiPropertyOptional({ example: 'UBND TỈNH CAO BẰNG', nullable: true, description: "The letterhead's upper line" })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(255)
  letterheadParent?: string | null;

  @ApiPropertyOptional({ example: 'BC-SXD', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(64)
  numberSymbol?: string | null;

  @ApiPropertyOptional({ example: 'Cao Bằng', nullable: true, description: 'The place before "ngày … tháng … năm …"' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(120)
  placeName?: string | null;

  @ApiPropertyOptional({ example: 'KT. GIÁM ĐỐC', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(120)
  signerAuthority?: string | null;

  @ApiPropertyOptional({ example: 'PHÓ GIÁM ĐỐC', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(120)
  signerTitle?: string | null;

  @ApiPropertyOptional({ example: 'Nguyễn Văn A', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(120)
  signerName?: string | null;

  @ApiPropertyOptional({ example: 'Lưu: VT, QLXD', nullable: true })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(255)
  storageLine?: string | null;

  @ApiPropertyOptional({ example: 'Sở Xây dựng tỉnh Cao Bằng', nullable: true, description: 'Who signs and sends the reminders' })
  @IsOptional()
  @NormalizeText()
  @IsString()
  @MaxLength(255)
  senderName?: string | null;

  @ApiPropertyOptional({ example: 'sxd@caobang.gov.vn', nullable: true, description: "The reminders' From address" })
  @IsOptional()
  @IsEmail({}, { context: { message: 'Địa chỉ thư không hợp lệ (ví dụ sxd@caobang.gov.vn).' } })
  @MaxLength(255)
  senderEmail?: string | null;
}

/** The code names the plan in every URL and stays. Changing the years re-plans the periods. */
export class UpdatePlanDto extends PartialType(OmitType(CreatePlanDto, ['code'] as const), { skipNullProperties: false }) {}

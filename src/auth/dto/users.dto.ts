import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { IsAcceptablePassword } from '../passwords';
import { ROLES } from '../user.entity';

const POLICY = 'at least 12 characters, at most 128, not a commonly used password (OWASP ASVS 2.1)';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: `${POLICY}; not the current password` })
  @IsString()
  @IsAcceptablePassword()
  newPassword!: string;
}

export class ResetPasswordDto {
  @ApiPropertyOptional({
    description: `${POLICY}; without it the account gets a one-time reset link by e-mail instead`,
  })
  @IsOptional()
  @IsString()
  @IsAcceptablePassword()
  newPassword?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'stc-2' })
  @IsString()
  @Matches(/^[a-z0-9._-]{2,64}$/, {
    context: { message: 'Tên đăng nhập gồm 2–64 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.' },
  })
  username!: string;

  @ApiProperty({ example: 'Nguyễn Văn A' })
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  displayName!: string;

  @ApiPropertyOptional({ example: 'nva@caobang.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: string;

  @ApiProperty({ example: 'STC' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  agencyCode!: string;

  @ApiPropertyOptional({
    description: `${POLICY}; without it the user gets a one-time link by e-mail to choose one (email required)`,
  })
  @IsOptional()
  @IsString()
  @IsAcceptablePassword()
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  displayName?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: string;

  @ApiPropertyOptional({ example: 'STC', description: 'moves the account to the agency with this code' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  agencyCode?: string;

  @ApiPropertyOptional({ description: 'true locks the account and ends its sessions' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

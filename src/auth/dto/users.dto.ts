import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NormalizeText } from '../../common/text-transform';
import { PASSWORD_POLICY, PASSWORD_RULE } from '../passwords';
import { ROLES } from '../user.entity';

const PASSWORD_MESSAGE = { message: PASSWORD_POLICY };

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: 'at least 8 characters, letters and digits' })
  @IsString()
  @Matches(PASSWORD_RULE, { context: PASSWORD_MESSAGE })
  newPassword!: string;
}

export class ResetPasswordDto {
  @ApiPropertyOptional({
    description: 'at least 8 characters, letters and digits; without it the account gets a one-time reset link by e-mail instead',
  })
  @IsOptional()
  @IsString()
  @Matches(PASSWORD_RULE, { context: PASSWORD_MESSAGE })
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
    description:
      'at least 8 characters, letters and digits; without it the user gets a one-time link by e-mail to choose one (email required)',
  })
  @IsOptional()
  @IsString()
  @Matches(PASSWORD_RULE, { context: PASSWORD_MESSAGE })
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

  @ApiPropertyOptional({ description: 'true locks the account and ends its sessions' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

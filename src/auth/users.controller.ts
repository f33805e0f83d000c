import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, User } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import type { CurrentUser } from './auth.types';
import { ChangePasswordDto, CreateUserDto, ResetPasswordDto, UpdateUserDto } from './dto/users.dto';
import { UsersService, UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('auth/password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your own password (your other sessions end)' })
  async changePassword(@User() user: CurrentUser, @Body() body: ChangePasswordDto): Promise<{ ok: true }> {
    await this.users.changeOwnPassword(user, body.currentPassword, body.newPassword);
    return { ok: true };
  }

  @Get('users')
  @Roles('administrator')
  @ApiOperation({ summary: 'Accounts' })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post('users')
  @Roles('administrator')
  @ApiOperation({ summary: 'Create an account in an agency (without a password: a one-time welcome link is e-mailed)' })
  create(@User() admin: CurrentUser, @Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(admin, body);
  }

  @Patch('users/:username')
  @Roles('administrator')
  @ApiOperation({ summary: 'Change an account: name, e-mail, role, disabled (disabling ends its sessions)' })
  update(@User() admin: CurrentUser, @Param('username') username: string, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.users.update(admin, username, body);
  }

  @Post('users/:username/reset-password')
  @HttpCode(200)
  @Roles('administrator')
  @ApiOperation({
    summary: 'Set a new password for an account, or (no newPassword) send it a one-time reset link by e-mail; its sessions end',
  })
  async reset(@User() admin: CurrentUser, @Param('username') username: string, @Body() body: ResetPasswordDto): Promise<{ ok: true }> {
    await this.users.resetPassword(admin, username, body.newPassword);
    return { ok: true };
  }
}

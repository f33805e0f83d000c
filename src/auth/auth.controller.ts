import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { User } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import type { CurrentUser } from './auth.types';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; answers a Bearer token (401 on a wrong pair, 429 after repeated failures)' })
  async login(@Body() body: LoginDto): Promise<{ accessToken: string; expiresAt: Date }> {
    return this.auth.login(body.username, body.password);
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session' })
  async logout(@User() user: CurrentUser): Promise<{ ok: true }> {
    await this.auth.logout(user.sessionId);
    return { ok: true };
  }

  @Get('me')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@User() user: CurrentUser): Omit<CurrentUser, 'sessionId'> {
    const { sessionId: _sessionId, ...rest } = user;
    return rest;
  }
}

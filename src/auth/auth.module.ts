import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Global()
@Module({
  controllers: [AuthController, UsersController],
  providers: [AuthRepository, AuthService, AuthGuard, UsersService],
  exports: [AuthRepository, AuthService, AuthGuard],
})
export class AuthModule {}

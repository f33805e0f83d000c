import { Global, Module } from '@nestjs/common';
import { AuthDataModule } from './auth-data.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [AuthDataModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, AuthGuard, UsersService],
  exports: [AuthDataModule, AuthService, AuthGuard, UsersService],
})
export class AuthModule {}

// Owns the users of every tenant: reads for the API and the set-based writes of a sync.
import { Module } from '@nestjs/common';
import { UserBulkRepository } from './user-bulk.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UserBulkRepository],
  exports: [UsersService, UserBulkRepository],
})
export class UsersModule {}

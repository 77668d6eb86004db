// GET /api/tenants/:tenantId/users (SPEC §7).
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/pagination';
import { UserDto } from './dto/user.dto';
import { UserQueryDto } from './dto/user-query.dto';
import { UsersService } from './users.service';

const UserPage = PageOf(UserDto);

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's users in email order; ?email= for one, ?q= to search" })
  @ApiOkResponse({ type: UserPage })
  list(@Param('tenantId') tenantId: string, @Query() query: UserQueryDto) {
    return this.users.list(tenantId, query);
  }
}

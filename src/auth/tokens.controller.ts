// Staff issue, list and revoke the admin tokens of a tenant (SPEC §4).
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageOf, PageQueryDto } from '../common/pagination';
import type { Actor } from './actor';
import { CurrentActor, StaffOnly } from './auth.decorators';
import { IssueTokenDto } from './dto/issue-token.dto';
import { IssuedTokenDto, TokenDto } from './dto/token.dto';
import { TokensService } from './tokens.service';

const TokenPage = PageOf(TokenDto);

@ApiTags('tokens')
@ApiBearerAuth()
@StaffOnly()
@Controller('api/tenants/:tenantId/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue an admin token for the tenant; the token is shown only in this answer' })
  @ApiCreatedResponse({ type: IssuedTokenDto })
  issue(
    @Param('tenantId') tenantId: string,
    @Body() dto: IssueTokenDto,
    @CurrentActor() actor: Actor,
  ): Promise<IssuedTokenDto> {
    return this.tokens.issue(tenantId, dto.name, actor);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's admin tokens (without their secrets), oldest first" })
  @ApiOkResponse({ type: TokenPage })
  list(@Param('tenantId') tenantId: string, @Query() page: PageQueryDto) {
    return this.tokens.list(tenantId, page);
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token; it stops working at once' })
  @ApiNoContentResponse()
  revoke(
    @Param('tenantId') tenantId: string,
    @Param('tokenId') tokenId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.tokens.revoke(tenantId, tokenId, actor);
  }
}

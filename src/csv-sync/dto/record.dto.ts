// One row's outcome as the API shows it (SPEC §6, §7).
import { ApiProperty } from '@nestjs/swagger';
import { RowErrorDto } from './row-error.dto';

export const OUTCOMES = ['added', 'updated', 'unchanged', 'deleted', 'not_found', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AttributeChange {
  from: unknown;
  to: unknown;
}

export class RecordDto {
  @ApiProperty({ example: 7, description: "The file's own line (the header is line 1)" })
  line!: number;

  @ApiProperty({ type: String, nullable: true, example: 'jane.doe@example.com' })
  email!: string | null;

  @ApiProperty({ enum: OUTCOMES })
  outcome!: Outcome;

  @ApiProperty({
    nullable: true,
    example: { department: { from: 'Sales', to: 'R&D' } },
    description:
      'What changed, per attribute key: for updates; for additions every value (from null); for deletions the ' +
      "user's last values (to null), so that a deletion can be traced and undone by hand; for a revert's row " +
      'that failed CHANGED_SINCE, the attributes that went back all the same (else null)',
  })
  changes!: Record<string, AttributeChange> | null;

  @ApiProperty({ type: RowErrorDto, nullable: true })
  error!: RowErrorDto | null;
}

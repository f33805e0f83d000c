import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class PutHolidayDto {
  @ApiProperty({ example: 'Nghỉ Tết Nguyên Đán' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiProperty({ description: 'false keeps the day on record as a working day', example: true })
  @IsBoolean()
  dayOff!: boolean;
}

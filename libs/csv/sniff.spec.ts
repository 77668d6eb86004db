import { firstContentLine, sniffDelimiter } from './sniff';

describe('sniffDelimiter', () => {
  it.each([
    ['Email,First Name,Last Name', ','],
    ['Email;First Name;Last Name', ';'],
    ['Email\tFirst Name\tLast Name', '\t'],
    ['Email|First Name|Last Name', '|'],
    ['"Name; Surname",Email,Groups', ','],
    ['Email', ','],
    ['Email;Name,Surname;Groups', ';'],
    ['  EMAIL\t,  FIRST NAME\t,  LAST NAME\t', ','],
    ['Email\tFirst Name, Jr\tGroups', '\t'],
    ['"E;mail";"First, Name";Groups', ';'],
  ])('finds the delimiter of %j', (line, delimiter) => {
    expect(sniffDelimiter(line)).toBe(delimiter);
  });
});

describe('firstContentLine', () => {
  it('skips empty lines and waits for a line break outside quotes', () => {
    expect(firstContentLine('\r\n\nEmail;Name\r\nx')).toEqual({ line: 'Email;Name', end: 13 });
    expect(firstContentLine('"Email\n";Name')).toBeNull();
    expect(firstContentLine('"Email\n";Name\n')).toEqual({ line: '"Email\n";Name', end: 13 });
  });
});

export * from './decode';
export * from './sniff';
export * from './tokenize';
export * from './read';
export * from './write';

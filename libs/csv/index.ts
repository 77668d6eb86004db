export * from './decode';
export * from './sniff';
export * from './read';
export * from './write';

/** The core's words for how far a captured thread was expanded (src/posts/expansion-words.ts), for the renderer, which sees the core only through src/api. */
export * from '../posts/expansion-words.js';

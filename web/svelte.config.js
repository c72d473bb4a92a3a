/** Svelte's options for every page (Svelte 5 compiles TypeScript in components itself: no preprocessor). */
export default {};

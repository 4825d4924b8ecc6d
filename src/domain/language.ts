/** The language of a question, and so of its answer and of the citations in it. */
export type Language = 'zh' | 'en';

/** Replaces ESLint's `FileContext.prototype.extend` in this process; returns a function that restores it. */
export declare function keepRuleContextsOwn(): () => void;

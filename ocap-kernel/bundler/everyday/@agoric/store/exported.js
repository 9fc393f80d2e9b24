// Dummy file for .d.ts twin to declare ambients

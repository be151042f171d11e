// Shared test setup: nothing here may hide a failure.
export {};

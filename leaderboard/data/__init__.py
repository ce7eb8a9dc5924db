"""Stage 1: the data contract, reading with line numbers, validation, errors, the dataset."""

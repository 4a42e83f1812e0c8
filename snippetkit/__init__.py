"""Tools that keep the lesson's code examples honest: parse, fill, run, check, embed."""

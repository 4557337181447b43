"""Writing verdicts out: the formats, and writing files so nobody finds half of one."""

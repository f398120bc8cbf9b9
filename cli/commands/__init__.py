"""One module per command; the module name with '_' for '-' is the command's name.

Each module has HELP (one line), WRITES (bool: needs a password), add_arguments(parser)
and run(args, ctx) -> exit status. Import anything heavy inside run().
"""

from mops.cli import main

main()

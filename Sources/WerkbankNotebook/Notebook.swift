// placeholder during setup

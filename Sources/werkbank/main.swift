print("werkbank")

struct Probed {};

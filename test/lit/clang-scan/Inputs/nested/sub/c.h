struct C {};

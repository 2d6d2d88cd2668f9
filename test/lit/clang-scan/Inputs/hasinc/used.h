struct Used {};

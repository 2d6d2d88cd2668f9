struct ByConcat {};

struct ByMacro {};

struct Ok {};

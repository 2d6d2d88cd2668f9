#pragma once
struct Once {};

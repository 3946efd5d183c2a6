Console.WriteLine("PosAuth demo: under construction.");
return 0;

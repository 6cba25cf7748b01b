"""Given names that are mostly borne by men or by women, for pronoun agreement.

Written by hand for Glossator (part of the project, GPL-3.0-or-later): common English,
European, Latin American, African, South and East Asian given names whose gender is
clear in English-language text. Names shared by both (Alex, Sam, Jordan, Robin...) are
left out on purpose: for them the resolver relies on titles, the knowledge base or the
text itself.
"""

from __future__ import annotations

_MALE = """
abe abel achille adalbert adolph agustin ahmet akbar alain alberto aldo alec alexei
alf alonzo alphonse alvin ambrose amos andrzej anselm antonin archer arjun armand arne arvid
ashton augusto aurelio avi baldwin balthazar barney basil beau benny bertrand bill blaise
boyd brent brock bryce burton butch byung carlton casimir cedric chandler chuck claus cletus
clyde conan cornell cosmo dalton damien darnell darryl davide dexter dirk dominik donovan
duke dylan eamon edmond efrain eli elias elliot emanuel emmett enoch erasmus ernie esteban
ethan eustace ezekiel fergus fernand finn flynn forrest frankie fredrik gaston gerrit gideon
giacomo gil gino godfrey goran grady gregor griffin gus hal hamish harald harlan hassan
heath herschel hiram horst hubert ignacio ike ira irving isaiah ismail jacques jamal jarrett
jasper jed jefferson jens jeremiah jerzy jethro joaquin jock jonas jorge josef judd julius
 karel kasper keenan kenji kent kermit kieran knut lamar leif lemuel leonid levi lincoln
linus lorenz lucien ludovic luther malik manfred marius marlon matthias maurizio merle
micah mick mohan monty morris nasser ned neville nikola nils norbert odin olaf olav
omar orson osvaldo pascal pasquale percival pieter piotr quentin quincy rafe ramesh randall
randolph raoul reggie reuben rex rhys rocco rodolfo rolando ronan rory rufus rutger sami
sanjay seamus sergio shawn silas stavros stellan stu sylvester tariq teddy thaddeus thor
timur tobias tomas torsten trent tristan ulrich uwe valentin vaughn vern vic viktor vito
wade waldo wendell wilbur wilfred winfried wolf woody yannick yves zeke
aaron abdul abdullah abraham adam adolf adrian ahmed ahmad akira alan alastair albert alberto
alejandro aleksandr alessandro alexander alexandre alexei alfonso alfred alfredo ali alistair
allan alonso amir anders andre andré andreas andrei andres andrés andrew andy angelo angus
anthony antoine anton antonio archibald archie arnold arthur arturo ashok augustus axel
barack barry bart bartholomew ben benedict benito benjamin bernard bernardo bernie bert bill
billy björn bjorn bob bobby boris brad bradley brandon brendan brett brian bruce bruno bryan
buck burt byron caleb calvin cameron carl carlo carlos cary cecil cedric cesar césar chad
charles charlie chester christian christoph christopher christophe clarence claude clifford
clint clive colin conor connor conrad cornelius craig cristiano curtis cyril dale damian
damon dan daniel danny dante darius darren dave david dean declan dennis denis derek desmond
dick diego dieter dimitri dmitri dmitry dominic don donald douglas duane duncan dustin dwayne
dwight earl ed eddie edgar edmund eduardo edward edwin egon elijah elliott elmer elton elvis
emil emile emilio emmanuel enrique enzo eric erich erik ernest ernesto ernst errol ethan
eugene evan ezra fabio farhan federico felipe felix fernando fidel filip floyd francesco
francis francisco frank franklin franz fred freddie frederick friedrich fritz gabriel gareth
garry gary gavin gene geoffrey george georg gerald gerard gerhard gianni gilbert giorgio
giovanni giuseppe glen glenn gordon graham grant greg gregory guillermo gunnar gustav
gustavo guy hamid hank hans harold harry harvey hassan hector héctor heinrich helmut henri
henrik henry herbert herman hideo homer horace howard hugh hugo humphrey hussein ian igor
ibrahim isaac ivan jack jackson jacob jacques jake james jan jared jason javier jay jeff
jeffrey jeremy jerome jerry jesse jesús jim jimmy joachim joe joel johan johann johannes john
johnny jon jonathan jorge jose josé joseph josh joshua juan julian julio justin kamal karl
karim keith ken kenneth kevin khalid kim-jong kirk klaus konrad kurt kyle lance larry lars
laurence lawrence lee-roy leo leon leonard leonardo leopold leroy lewis liam lionel lloyd
lorenzo louis luc luca lucas ludwig luigi luis luke lyndon magnus mahmoud malcolm manuel
marc marcel marco marcus mario mark marshall martin marvin mason mathias matt matteo matthew
matthias maurice max maximilian melvin michael michel miguel mike mikhail milan miles milton
mitchell mohamed mohammad mohammed moses muhammad murray mustafa nathan nathaniel neil nelson
nicholas nick nicolas niels nigel nikolai noah norman oliver omar orlando oscar oswald otto
owen pablo paolo patrick paul pedro per percy pete peter philip philippe phillip pierre
pietro rafael rahul raj ralph ramon randy raphael raul raúl ray raymond reginald reinhard
rené rene ricardo richard rick ricky rob robert roberto rod rodney rodrigo roger roland
rolf roman ron ronald ross roy rudolf rudy rupert russell ryan salvador salvatore samuel
santiago saul scott sean sebastian sergei sergey sergio seth shane sheldon sidney sigmund
simon spencer stanley stefan steffen stephen steve steven stuart sven ted terence terry
theo theodore thomas tim timothy toby todd tom tommy tony travis trevor tyler umar victor
vikram vincent vincenzo vladimir walker wallace walter warren wayne werner wesley wilhelm
will william willie winston wolfgang xavier yaroslav yuri yusuf zachary zack
"""

_FEMALE = """
adelaide adelina agata aggie aida alba alberta alejandra alena alexa alina alyssa
amalia amelie anabel anais anastasia andrea angie anja annabel annabelle anneliese antje
araceli ariadne arielle astrid aurelia aurora babette beatrix belle benita bernice
bertha beryl betsy bettina birgit bree brianna bronwyn brooke caitlin callie candice
carina carly carmela carolina cassie catalina caterina cathleen cecile cecily celeste charity
charlize cher chiara christa christiane cilla clementine colette concepcion connie consuelo
cordelia corinne cosima dagmar daniela dara darla deirdre delphine desiree diane dina
dolly dominique dorothea dottie dulce edie edwina effie elise elisa elisabeth ellie eloise
elvira emilia emmeline enid erin ernestine estelle esther eugenia eunice evangeline fanny
faye felicity fern flora frida gaby genevieve georgia georgina germaine gilda ginger giselle
gladys glenda goldie greer gretchen guadalupe gudrun hattie hedwig helga henrietta hermione
hilda hortense ines inga irina isadora isolde jacinta jade jana janine jeannette jemima
jolene jodie josie juanita julianne juliana justine karla katarina katharina katy kendra
kimberly kira klara kristin lana larissa latoya laverne leonie leticia liesl lila lina livia
lola loretta lorna lottie louisa luann lucille lucinda lulu lupe mabel madeline mae magda
magdalena maisie mallory manuela marcia margit marguerite maria mariana maribel marie marietta
marisol marta martina maud maude mavis melina mercedes meredith mia michaela mila mina minnie
mira mirella myra nadine nancy nanette natasha nell nettie nicolette noemi noreen octavia
odette olive ophelia oriana ottilie pam pamela patsy pauline penny petra philippa pippa polly
prudence queenie rachael ramona raquel rebekah renata rhoda rosalie rosalyn rosanna roxana
sabine sadie salome savannah selma serafina sharlene sheryl shelley sigrid
silvia sienna sonja stacy stefanie susie suzy sybil tabitha tamsin tatiana tess tessa thea
thelma tilda trudy una valeria vanda velma verity vicky viv wilhelmina winifred xena yasmin
yvette zara zena zora
abigail ada adele adriana agatha agnes aileen aisha alessandra alexandra alexis alice
alicia alison allison alma amanda amber amelia amy ana anastasia andrea angela angelina
angelique anita ann anna anne annette annie antonia april ariana arlene audrey ava barbara
beatrice beatriz belinda bella benazir bernadette berta bertha beth bethany betty beverly
bianca blanche bonnie brenda bridget brigitte britney brittany camilla candace carla carmen
carol carole caroline carolyn cassandra catherine cathy cecilia celia celine céline charlene
charlotte chelsea cheryl chloe christina christine cindy claire clara clarissa claudia
colleen constance cora courtney cristina crystal cynthia daisy danielle daphne dawn debbie
deborah debra delia denise diana diane dolores donna dora doris dorothy edith edna eileen
elaine eleanor elena eliza elizabeth ella ellen eloise elsa emily emma erica erika esther
eva eve evelyn fatima fiona florence frances francesca freya gabriela gabriella gabrielle
gemma geraldine gertrude gillian gina giulia gladys gloria grace greta gwen gwendolyn
hannah harriet hazel heather heidi helen helena hilary hillary holly ida ilse imelda indira
ingrid irene iris isabel isabella isabelle ivana jacqueline jane janet janice jasmine jean
jeanne jennifer jenna jenny jessica jill joan joanna joanne jocelyn josephine joy joyce
judith judy julia julie juliet june justine karen karin katarina kate katherine kathleen
kathryn kathy katie katrina kay kelly kirsten kristen kristina lara laura lauren laurie leah
leila lena leslie-ann lillian lily linda lisa liz lois lorraine louisa louise lucia lucy
luisa lydia lynn madeleine madonna maggie malala mandy margaret margarita margot maria marie
marian marianne marilyn marina marion marjorie marlene martha mary matilda maureen maxine
megan melanie melinda melissa meryl michelle mildred millie miranda miriam molly monica
monique nadia nancy naomi natalia natalie natasha nell nellie nicola nicole nina nora norma
olga olivia paige pamela patricia paula pauline pearl peggy penelope phoebe phyllis
priscilla priyanka rachel rebecca regina renee renée rhonda rita roberta rosa rosalind rose
rosemary roxanne ruby ruth sabrina sally samantha sandra sara sarah selena serena sharon
sheila shirley simone sofia sonia sophia sophie stella stephanie susan susanne
suzanne sylvia tamara tanya teresa theresa tina tracy ursula valentina valerie vanessa vera
veronica victoria viola violet virginia vivian wanda wendy whitney wilma yolanda yvonne zoe
zoë zelda
"""

MALE_NAMES = frozenset(_MALE.split())
FEMALE_NAMES = frozenset(_FEMALE.split())


def name_gender(first_name: str) -> str | None:
    """'male' or 'female' when this given name is clearly one or the other, else None."""
    key = first_name.strip(".,'’\"").lower()
    if key in MALE_NAMES:
        return "male"
    if key in FEMALE_NAMES:
        return "female"
    return None
